import { HttpFailure } from './http-failure';

/** A handler refusing every method but `allow` with 405 and an `Allow` header. */
export function methodNotAllowed(allow: string): () => never {
  return () => {
    throw new HttpFailure('METHOD_NOT_ALLOWED', undefined, { allow });
  };
}
