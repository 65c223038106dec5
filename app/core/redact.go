package core

// Redact masks the project's token (and extra secrets), in every form it takes in a URL or a JSON string,
// in a text about to be shown or logged.
func (e *Engine) Redact(s string, extra ...string) string {
	return e.redact(s, extra...)
}

// MaskAttempt is a with the project's token and the token a itself sent masked, wherever they appear.
func (e *Engine) MaskAttempt(a Attempt) Attempt {
	return Mask(a, append(e.Secrets(), AttemptSecrets(a)...)...)
}
