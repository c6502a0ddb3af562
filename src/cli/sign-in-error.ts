/** The administrator's Google sign-in did not complete; `message` is one Chinese sentence. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}
