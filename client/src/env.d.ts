/// <reference types="vite/client" />

// For tools without Vue support (typescript-eslint's type service). vue-tsc resolves the real SFC types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
