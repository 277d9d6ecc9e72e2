/**
 * Vant's Picker in a chunk of its own: the submit page needs it only when a category or a unit
 * is chosen, so it is fetched after the page's first paint instead of before it.
 */
import { Picker } from 'vant';
import 'vant/es/picker/style/index';

export default Picker;
