package fetch

import "github.com/bgfetch/devtools/app/msg"

// The sentences of a request and its attempt, as codes with their English: the command line prints the
// English, the window renders each code in its own language (assets/translations/messages.zh.json). The
// arguments are numbered {0}, {1}, ... in the order With takes them.
var (
	// Not cached.
	mStatus       = msg.Define("fetch.reason.status", "the server answered HTTP {0}; the platform caches only 2xx responses (the tool's assumption: no platform documents which statuses are cached)")
	mTooBig       = msg.Define("fetch.reason.tooBig", "the body is {0}, over the 256KB (262144 bytes) limit: the platform drops it without a word and keeps the previous data")
	mTooBigCoded  = msg.Define("fetch.reason.tooBigDecoded", "the body is {0} once decoded from {1} ({2}), over the 256KB (262144 bytes) limit: the platform drops it without a word and keeps the previous data (measuring the limit after decoding is the tool's assumption)")
	mNoResponse   = msg.Define("fetch.reason.noResponse", "no response: {0}")
	mNotSent      = msg.Define("fetch.reason.notSent", "not sent: {0}")
	mBytes        = msg.Define("fetch.size.bytes", "{0} bytes")
	mMoreThan     = msg.Define("fetch.size.moreThan", "more than {0} bytes")
	mWireBytes    = msg.Define("fetch.size.wire", "{0} bytes on the wire")
	mWireStopped  = msg.Define("fetch.size.wireStopped", "the first {0} bytes on the wire, where decoding stopped")
	mHTTPSOnly    = msg.Define("fetch.warn.http", "{0} is not HTTPS: {1} accepts only HTTPS download addresses in production (只支持 HTTPS)")
	mDupParam     = msg.Define("fetch.warn.dupParam", "the configured address already has a \"{0}\" parameter; the platform adds its own, so your server receives it twice")
	mCodeMadeUp   = msg.Define("fetch.warn.codeMadeUp", "no token is set, so the platform sends a login code instead; exchanging it with auth.code2Session may refresh the user's session_key (see checkSessionKey); this code is made up by the tool, so code2Session rejects it (errcode 40029, invalid code): to test the exchange, set \"user\": {\"code\": \"…\"} in bgfetch.config.json to a code from wx.login on a device")
	mCodeYours    = msg.Define("fetch.warn.codeYours", "no token is set, so the platform sends a login code instead; exchanging it with auth.code2Session may refresh the user's session_key (see checkSessionKey); the code is yours (user.code): a login code is good for one code2Session exchange within 5 minutes, and every request sends the same one")
	mNoCustomVer  = msg.Define("fetch.warn.customVersion", "customMiniprogramVersion \"{0}\" is not sent: {1}'s prefetch documents only appid, token or code, timestamp and {2} (WeChat adds customMiniprogramVersion)")
	mMethodData   = msg.Define("fetch.warn.methodData", "Alipay does not document how {0} sends params.data; the tool sends it as a form body like POST")
	mPostQuery    = msg.Define("fetch.warn.postQuery", "appId and timestamp are not added to a {0}'s address: Alipay's documents disagree on it, and appending nothing is the tool's assumption (\"assume\": {\"postQuery\": true} appends them)")
	mReqHeaders   = msg.Define("fetch.warn.reqHeaders", warnReqHeaders+": {0} header values ({1}) did not fit in the {2} KB the tool keeps per attempt; they were sent")
	mRespHeaders  = msg.Define("fetch.warn.respHeaders", warnRespHeaders+": {0} header values ({1}) did not fit in the {2} KB the tool keeps per attempt")
	mDecoded      = msg.Define("fetch.warn.decoded", warnDecoded+" {0}: {1}, {2} decoded; the 256KB limit is judged on the decoded size, as the client decodes it whatever Accept-Encoding the request sent (\"{3}\") (the tool's assumption: no platform documents it)")
	mNotDecoded   = msg.Define("fetch.warn.notDecoded", warnNotDecoded+": Content-Encoding \"{0}\" is not one the tool decodes (it decodes gzip and deflate), so the body and its size are shown as sent; the platform's client may decode it, and what it caches, and whether it is over 256KB, may differ")
	mNotUTF8      = msg.Define("fetch.warn.notUTF8", warnNotUTF8+": the platform expects a string, and the mini program may see it garbled")
	mDataType     = msg.Define("fetch.warn.dataType", warnDataType+" {0}: {1}")
	mNoPlatform   = msg.Define("fetch.err.platform", "{0}")
	mSetPlatform  = msg.Define("fetch.hint.platform", "set \"platform\" in {0}")
	mUnsupported  = msg.Define("fetch.err.unsupported", "fetchType \"{0}\" is not supported on {1}")
	mSupports     = msg.Define("fetch.hint.supports", "{0} supports {1}")
	mInvalidParam = msg.Define("fetch.err.invalidParameter", "{0}")
	mNoSuchType   = msg.Define("fetch.hint.noSuchType", "{0} has no \"{1}\" fetch type; it supports {2} (error {3})")
	mTokenNotSet  = msg.Define("fetch.err.token", "{0}")
	mSetToken     = msg.Define("fetch.hint.token", "the mini program must call setBackgroundFetchToken before the client sends periodic updates; set \"token\" in bgfetch.config.json to simulate it")
	mNoEntry      = msg.Define("fetch.err.noEntry", "no {0} entry in {1}")
	mAddEntry     = msg.Define("fetch.hint.addEntry", "add {\"fetchType\": \"{0}\", \"params\": {\"url\": \"https://...\"}} to {1} at the project root")
	mJSAPI        = msg.Define("fetch.err.jsapi", "jsapiPre calls {0} on the phone; it sends no request")
	mJSAPIHint    = msg.Define("fetch.hint.jsapi", "the tool cannot read a phone's location; prefetch with fetchType pre")
	mCloud        = msg.Define("fetch.err.cloud", "the {0} data source is the cloud function \"{1}\", which the tool cannot call in the cloud")
	mCloudHint    = msg.Define("fetch.hint.cloud", "set {0}.cloud.localUrl in {1} to a local HTTP endpoint that runs the function's handler with the event {2}")
	mNoAddress    = msg.Define("fetch.err.noAddress", "no {0} address is configured")
	mSetAddress   = msg.Define("fetch.hint.setAddress", "set {0}.url in {1} (the 数据下载地址 of the admin console)")
	mSetAddressNo = msg.Define("fetch.hint.setAddressUndocumented", "set {0}.url in {1} (the 数据下载地址 of the admin console); {2} documents no error text for this case")
	mBadAddress   = msg.Define("fetch.err.badAddress", "\"{0}\" is not an http or https address")
	mFixAddress   = msg.Define("fetch.hint.fixAddress", "fix the url in {0}")
	mInvalidAddr  = msg.Define("fetch.err.invalidAddress", "invalid address {0}")
	mCannotBuild  = msg.Define("fetch.err.build", "cannot build the request")
	mAsIs         = msg.Define("fetch.text", "{0}")
	mEncoding     = msg.Define("fetch.err.encoding", "the body does not decode as {0} (Content-Encoding): {1}")
	mEncodingHint = msg.Define("fetch.hint.encoding", "the server's Content-Encoding header does not match what it sends; fix one or the other. The cached data is kept")
	mDowngrade    = msg.Define("fetch.err.downgrade", "refused to follow a redirect from HTTPS to plain HTTP: {0} redirects to {1}")
	mDowngradeH   = msg.Define("fetch.hint.downgrade", "the platform accepts only HTTPS, and the token would travel in clear; make the server redirect to an https:// address, or point the address at the final URL. Nothing was sent to the http:// address")
	mHeaders      = msg.Define("fetch.err.headers", "the server's response headers are over {0} MB ({1} bytes): the tool stops reading there")
	mHeadersHint  = msg.Define("fetch.hint.headers", "send fewer or smaller headers (large cookies, debug or trace headers); the cached data is kept")
	mRedirects    = msg.Define("fetch.err.redirects", "more than {0} redirects (the tool's limit: no platform documents one; \"assume\": {\"maxRedirects\": N} changes it)")
	mRedirectsH   = msg.Define("fetch.hint.redirects", "point the address at the final URL")
	mTimeout      = msg.Define("fetch.err.timeout", "no complete answer within {0} ms")
	mTimeoutHint  = msg.Define("fetch.hint.timeout", "make the server answer faster, or raise timeoutMs in bgfetch.config.json; the cached data is kept")
	mCancelled    = msg.Define("fetch.err.cancelled", "cancelled")
	mKept         = msg.Define("fetch.hint.kept", "the cached data is kept")
	mDNS          = msg.Define("fetch.err.dns", "cannot resolve host {0}")
	mDNSHint      = msg.Define("fetch.hint.dns", "check the host name in the address")
	mRefused      = msg.Define("fetch.err.refused", "connection refused by {0}")
	mRefusedHint  = msg.Define("fetch.hint.refused", "nothing is listening there: is your server running, on that port?")
	mTLSCert      = msg.Define("fetch.err.tlsCert", "TLS certificate rejected: {0}")
	mTLSCertHint  = msg.Define("fetch.hint.tlsCert", "the platform requires a certificate from a trusted CA that matches the host name")
	mTLSHand      = msg.Define("fetch.err.tlsHandshake", "TLS handshake failed: {0}")
	mTLSHandHint  = msg.Define("fetch.hint.tlsHandshake", "is the server speaking HTTPS on that port?")
	// Which address: the grayscale decision.
	mNoGray       = msg.Define("fetch.variant.noGray", "no grayscale address is configured")
	mGrayTester   = msg.Define("fetch.variant.tester", "the simulated user is a developer or tester (体验者), who always gets the grayscale address")
	mGrayAll      = msg.Define("fetch.variant.all", "grayscale is 100%: the grayscale address has become the main one")
	mGrayNone     = msg.Define("fetch.variant.none", "grayscale is 0%: only developers and testers get the grayscale address")
	mGrayBelow    = msg.Define("fetch.variant.below", "the user's bucket {0} is below the grayscale percentage {1}")
	mGrayAbove    = msg.Define("fetch.variant.above", "the user's bucket {0} is not below the grayscale percentage {1}")
	mCloudVariant = msg.Define("fetch.variant.cloud", "cloud function \"{0}\" in environment \"{1}\"; the event is POSTed to its local endpoint")
)

// The platform's own failure beside the tool's explanation; Error.Error says it in English.
var _ = msg.Define("fetch.err.platformSays", " (the platform reports \"{0}\", errno {1})")

// newError is an *Error from its message and hint as codes; Msg and Hint hold their English.
func newError(kind string, m, hint msg.Msg, err error) *Error {
	return &Error{Kind: kind, Msg: m.English(), Hint: hint.English(), Err: err, M: m, H: hint}
}

// variant sets why the request goes to its address, as a code and in English.
func (r *Request) variant(m msg.Msg) {
	r.VariantReason, r.VariantMsg = m.English(), m
}

// warn adds a warning to the request, as a code and in English.
func (r *Request) warn(m msg.Msg) {
	r.Warnings = append(r.Warnings, m.English())
	r.WarningMsgs = append(r.WarningMsgs, m)
}
