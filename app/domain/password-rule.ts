/** NCSC guidance favours length over complexity rules: 12 characters or more, nothing else imposed. */
export const PASSWORD_MIN_LENGTH_RULE = 12;
