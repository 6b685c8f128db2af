/**
 * Keeps one live view's store in step with the server for as long as the calling component is mounted, over the
 * tab's one socket: the protocol itself (subscribe, catch up from the feed, resync on a gap) is
 * services/live-view-sync.ts.
 */
import type { ViewId } from '@benchline/shared';
import { onBeforeUnmount, onMounted } from 'vue';
import { createLiveViewSync, type LiveViewTarget } from '../services/live-view-sync.js';
import { ACK_TIMEOUT_MS, socket } from '../services/socket.js';

export type { LiveViewTarget } from '../services/live-view-sync.js';

export function useLiveView<K extends ViewId>(viewId: K, target: LiveViewTarget<K>): void {
  const sync = createLiveViewSync(socket, viewId, target, ACK_TIMEOUT_MS);
  onMounted(() => sync.start());
  onBeforeUnmount(() => sync.stop());
}
