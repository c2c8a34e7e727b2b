export { assertPublicUrl, fetchPublic, isPublicAddress, TooManyRedirectsError, UrlNotAllowedError } from './public-url';
