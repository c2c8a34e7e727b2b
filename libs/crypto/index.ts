export { SecretBox, loadSecretBox } from './secret-box';
export { sha256Hex } from './sha256-hex';
