export { assertPublicUrl, fetchPublic, isPublicAddress, TooManyRedirectsError, UrlNotAllowedError } from './public-url';
export { deliverWebhook, type WebhookDelivery } from './webhook';
export { withRequestSignals } from './request-signal';
