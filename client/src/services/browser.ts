/**
 * What the auth store needs from the browser beyond HTTP: the address bar and one remembered flag. Kept here so the
 * store's tests stand in their own.
 */

const DISPLAY_KEY = 'benchline.display';

export const browser = {
  /** This site's origin, for links shown to be opened elsewhere (a wall display's). */
  origin(): string {
    return window.location.origin;
  },
  /** The path and query of the page (never the fragment). */
  currentPath(): string {
    return `${window.location.pathname}${window.location.search}`;
  },
  /**
   * A full page load: after a sign-out or a lost session every store is dropped with the page, so nothing one
   * session saw is left in memory for the next.
   */
  load(url: string): void {
    window.location.replace(url);
  },
  /** Removes the fragment from the address bar and this history entry (a wall link's device token). */
  stripFragment(): void {
    if (window.location.hash !== '') {
      window.history.replaceState(window.history.state, '', browser.currentPath());
    }
  },
  /** This browser was last signed in as a wall display (not secret: it only decides what a signed-out wall says). */
  isDisplay(): boolean {
    try {
      return window.localStorage.getItem(DISPLAY_KEY) === 'wall';
    } catch {
      return false;
    }
  },
  markDisplay(display: boolean): void {
    try {
      if (display) {
        window.localStorage.setItem(DISPLAY_KEY, 'wall');
      } else {
        window.localStorage.removeItem(DISPLAY_KEY);
      }
    } catch {
      // Storage disabled: the wall then offers the sign-in page instead of its notice.
    }
  },
};
