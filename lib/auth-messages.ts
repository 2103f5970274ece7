/** What a person sees when sign-in fails. One message for every kind of bad credential: no account enumeration. */
export const INVALID_SIGN_IN_MESSAGE = "Invalid email or password.";
export const RATE_LIMIT_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again, or ask an admin to help.";
export const SSO_DENIED_MESSAGE = "Single sign-on did not let you in. Ask an admin to create your Steward user with the same email.";
