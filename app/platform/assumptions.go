package platform

// Assumptions are the rules the tool applies on every platform although no platform document states
// them. Wherever the tool states one (a failure's reason, a warning, the request view, README) it says
// it is the tool's assumption; where a developer may need the other choice, Setting names the
// bgfetch.config.json key under "assume" that changes it.
var Assumptions = []Fact{
	{Key: "cache-2xx", Text: "only a 2xx response is cached; any other status keeps the previous data",
		Source: "no platform document says which statuses are cached; the tool caches what a browser would call success"},
	{Key: "redirects", Text: "at most 5 redirects are followed, never from HTTPS to plain HTTP",
		Source: "no platform document says whether or how far redirects are followed", Setting: "assume.maxRedirects"},
	{Key: "body-limit", Text: "the 256KB (262144 bytes) limit is measured on the body after decoding (gzip, deflate)",
		Source: "the documents say 256KB (不超过 256KB) without saying before or after Content-Encoding"},
	{Key: "user-agent", Text: "the request's User-Agent is bgfetch-devtools (<platform> <fetchType>)",
		Source: "no platform publishes the User-Agent its fetching servers and clients send", Setting: "assume.userAgent"},
	{Key: "space", Text: "a space in a query value is encoded as + (application/x-www-form-urlencoded)",
		Source: "the documents say the values are urlencoded, not whether a space becomes + or %20", Setting: "assume.space"},
	{Key: "token-length", Text: "the 1024-character token limit counts UTF-16 code units, as JavaScript's length does",
		Source: "the documents say 1024 characters (最大长度 1024) without saying how characters are counted", Setting: "assume.tokenLength"},
}

// AssumptionNote is the words that mark a statement as the tool's assumption, for the command line.
const AssumptionNote = "the tool's assumption: no platform documents it"
