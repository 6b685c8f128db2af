import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';

// Pinia first: the router's guard reads the session from the auth store, which opens the socket once signed in.
createApp(App).use(createPinia()).use(router).mount('#app');
