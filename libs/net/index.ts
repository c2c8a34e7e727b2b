export { assertPublicUrl, fetchPublic, isPublicAddress, TooManyRedirectsError, UrlNotAllowedError } from './public-url';
export { deliverWebhook, type WebhookDelivery } from './webhook';
