/** NCSC guidance favours length over complexity rules: 12 characters or more, nothing else imposed. */
export const PASSWORD_MIN_LENGTH_RULE = 12;

/**
 * What a new-password field says before anyone types (GOV.UK "Passwords" pattern: say the rules up front,
 * suggest three random words, never impose character classes).
 */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH_RULE} characters. Three random words together are easy to remember and hard to guess. Avoid common passwords.`;

/** How long a password reset link works (like an invitation, but shorter: it opens an existing account). */
export const PASSWORD_RESET_HOURS = 24;
