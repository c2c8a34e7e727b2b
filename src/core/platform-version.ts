// The one relative import: package.json sits outside src/ and tsc copies it beside dist/src.
// eslint-disable-next-line no-restricted-imports
import { version } from '../../package.json';

export const PLATFORM_VERSION: string = version;
