/**
 * Which tenant this screen shows: `?tenant=` in the URL, remembered for the next visit, else the demo ACO.
 * Sign-in replaces this with the user's tenant when the security issue lands.
 */
const STORAGE_KEY = 'benchline.tenant';
const TENANT_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function currentTenant(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('tenant');
  if (fromUrl !== null && TENANT_RE.test(fromUrl)) {
    window.localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  const remembered = window.localStorage.getItem(STORAGE_KEY);
  return remembered !== null && TENANT_RE.test(remembered) ? remembered : 'demo';
}
