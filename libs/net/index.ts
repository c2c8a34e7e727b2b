export { assertPublicUrl, isPublicAddress, UrlNotAllowedError } from './public-url';
