/** Injection token for the validated Env (see @libs/config loadEnv). */
export const ENV = Symbol('ENV');
