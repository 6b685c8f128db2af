import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { socket } from './services/socket.js';

createApp(App).use(createPinia()).use(router).mount('#app');
socket.connect();
