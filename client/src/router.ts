import { createRouter, createWebHistory } from 'vue-router';
import { authGuard } from './auth/guard.js';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/queue' },
    {
      path: '/sign-in',
      component: () => import('./pages/SignInPage.vue'),
      meta: { access: 'public', fullScreen: true },
    },
    { path: '/spend', component: () => import('./pages/SpendPage.vue') },
    { path: '/queue', component: () => import('./pages/QueuePage.vue') },
    { path: '/patients/:memberId', component: () => import('./pages/PatientPage.vue') },
    { path: '/finance', component: () => import('./pages/FinancePage.vue') },
    { path: '/quality', component: () => import('./pages/QualityPage.vue') },
    { path: '/attribution', component: () => import('./pages/AttributionPage.vue') },
    { path: '/contracts', component: () => import('./pages/ContractsPage.vue') },
    { path: '/admin', component: () => import('./pages/AdminPage.vue'), meta: { access: 'admins' } },
    { path: '/not-allowed', component: () => import('./pages/NotAllowedPage.vue') },
    { path: '/wall', component: () => import('./pages/WallPage.vue'), meta: { access: 'wall', fullScreen: true } },
    {
      path: '/wall/signed-out',
      component: () => import('./pages/WallSignedOutPage.vue'),
      meta: { access: 'public', fullScreen: true },
    },
  ],
});

// Every page needs a session unless it says otherwise, and the role limits which (auth/access.ts).
router.beforeEach(authGuard);
