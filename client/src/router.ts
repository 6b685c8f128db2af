import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/spend' },
    { path: '/spend', component: () => import('./pages/SpendPage.vue') },
  ],
});
