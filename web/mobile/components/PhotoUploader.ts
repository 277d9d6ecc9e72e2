/**
 * Vant's Uploader in a chunk of its own: it brings Vant's image preview (swipe, zoom: ≈ 30 KB of
 * JavaScript) along, which the submit page does not need before the first photo is tapped. The
 * submit page loads it after its first render (defineAsyncComponent) with a placeholder the size
 * of the upload box, so nothing moves when it arrives.
 */
import { Uploader } from 'vant';
import 'vant/es/uploader/style/index';

export default Uploader;
