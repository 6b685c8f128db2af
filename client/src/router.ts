import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/spend' },
    { path: '/spend', component: () => import('./pages/SpendPage.vue') },
    { path: '/queue', component: () => import('./pages/QueuePage.vue') },
    { path: '/patients/:memberId', component: () => import('./pages/PatientPage.vue') },
    { path: '/finance', component: () => import('./pages/FinancePage.vue') },
    { path: '/quality', component: () => import('./pages/QualityPage.vue') },
    { path: '/attribution', component: () => import('./pages/AttributionPage.vue') },
    { path: '/contracts', component: () => import('./pages/ContractsPage.vue') },
    { path: '/wall', component: () => import('./pages/WallPage.vue'), meta: { fullScreen: true } },
  ],
});
