package project

import (
	"strconv"
	"strings"

	"github.com/bgfetch/devtools/app/msg"
)

// The validation messages of the configuration files, as codes with their English (ConfigError.M): the
// command line prints the English (ConfigError.Msg), the window renders each code in its own language
// (assets/messages/zh.json). Pieces of a message (what a value must be, why an address is wrong, ...) are
// codes too, passed as arguments, so no language concatenates another's words. Arguments that quote the
// user's own keys, values or paths are already quoted (q).
var (
	mText = msg.Define("project.text", "{0}")

	// What a value is (d.text).
	mKindNull   = msg.Define("project.kind.null", "null")
	mKindBool   = msg.Define("project.kind.bool", "a boolean")
	mKindNumber = msg.Define("project.kind.number", "a number")
	mKindString = msg.Define("project.kind.string", "a string")
	mKindArray  = msg.Define("project.kind.array", "an array")
	mKindObject = msg.Define("project.kind.object", "an object")
	mValueKind  = msg.Define("project.value", "{0} ({1})")
	mOr         = msg.Define("project.or", "{0} or {1}")

	// What a value must be (typeErr's want).
	mWantObject   = msg.Define("project.want.object", "an object {...}")
	mWantString   = msg.Define("project.want.string", "a string in double quotes")
	mWantBool     = msg.Define("project.want.bool", "true or false (without quotes)")
	mWantRange    = msg.Define("project.want.range", "an integer from {0} to {1}{2}")
	mWantAtLeast  = msg.Define("project.want.atLeast", "an integer of at least {0}{1}")
	mWantUnquoted = msg.Define("project.want.unquoted", "{0}, without quotes")
	mUnitRedir    = msg.Define("project.unit.redirects", " (redirects)")
	mUnitMs       = msg.Define("project.unit.ms", " (milliseconds)")
	mUnitPercent  = msg.Define("project.unit.percent", " (percent of users)")
	mUnitScene    = msg.Define("project.unit.scene", " (a scene value such as 1001)")
	mWantEntries  = msg.Define("project.want.preloadEntries", `an array of entries such as [{"fetchType": "pre", "params": {"url": "https://..."}}]`)
	mWantHeaders  = msg.Define("project.want.headers", `an object of header names to values, such as {"X-Token": "abc"}`)
	mWantHeader   = msg.Define("project.want.headerValue", "a string (header values are text)")
	mWantJSONObj  = msg.Define("project.want.jsonObject", "a JSON object {...}")
	mWantFields   = msg.Define("project.want.fields", `an array of fields [{"name": "price", "type": "number"}]`)
	mWantActions  = msg.Define("project.want.actions", `an array of actions [{"trigger": "click", "page": "pages/index/index", "data": [...]}]`)
	mWantData     = msg.Define("project.want.data", `an array [{"field": "price", "source": "goods.price"}]`)
	mWantEvents   = msg.Define("project.want.events", `an array of events [{"id": ..., "name": ..., "fields": [...], "actions": [...]}]`)

	// Keys and types.
	mWhereTop      = msg.Define("project.where.top", "the top-level object")
	mDupKey        = msg.Define("project.err.dupKey", "key {0} appears twice in {1} (first at {2}:{3}); remove one of them")
	mUnknownKey    = msg.Define("project.err.unknownKey", "unknown key {0}; did you mean {1}?")
	mUnknownKeyIn  = msg.Define("project.err.unknownKeyIn", "unknown key {0} in {1}; did you mean {2}?")
	mUnknownList   = msg.Define("project.err.unknownKeyList", "unknown key {0}; the keys allowed here are {1}{2}")
	mUnknownListIn = msg.Define("project.err.unknownKeyListIn", "unknown key {0} in {1}; the keys allowed here are {2}{3}")
	mCommentHint   = msg.Define("project.hint.comment", ` (write comments as "//": "...")`)
	mBadComment    = msg.Define("project.err.comment", "a {0} comment must be a string or an array of strings, got {1}")
	mTypeTop       = msg.Define("project.err.typeTop", "the file must hold {0}, got {1}")
	mType          = msg.Define("project.err.type", "{0} must be {1}, got {2}")
	mNotOneOf      = msg.Define("project.err.oneOf", "{0} must be {1}, got {2}{3}")
	mDidYouMean    = msg.Define("project.hint.didYouMean", "; did you mean {0}?")
	mNotOneOfCase  = msg.Define("project.err.oneOfAnyCase", "{0} must be {1} (any case), got {2}")

	// Addresses.
	mBadURL      = msg.Define("project.err.url", `{0} must be an absolute http:// or https:// URL such as "https://example.com/bgfetch", got {1}: {2}`)
	mURLSpaces   = msg.Define("project.url.spaces", "remove the spaces around it")
	mURLNoScheme = msg.Define("project.url.noScheme", "it has no scheme; put https:// in front of it")
	mURLScheme   = msg.Define("project.url.scheme", "the scheme {0} is not supported; use https:// (or http:// for a local server)")
	mURLNoHost   = msg.Define("project.url.noHost", "it has no host name")

	// bgfetch.config.json.
	mTokenLong  = msg.Define("project.err.tokenLength", `"token" is {0} characters long ({1}); setBackgroundFetchToken accepts at most {2} characters, so the platform would reject it; use a shorter token. How the platforms count is the tool's assumption: "assume": {"tokenLength": "utf16" or "codepoints"} chooses`)
	mUTF16      = msg.Define("project.count.utf16", "UTF-16 code units, as JavaScript's length counts")
	mCodepts    = msg.Define("project.count.codepoints", "Unicode characters")
	mGrayNoURL  = msg.Define("project.err.grayNoURL", "{0} is {1} but {2} is not set; add the grayscale address or remove the percentage")
	mCloudFn    = msg.Define("project.err.cloudFunction", `{0} needs "function": the name of the cloud function that returns the data`)
	mCloudBoth  = msg.Define("project.err.cloudAndURL", `{0} has both "url" and "cloud": the console takes one data source, a download address or a cloud function; remove one`)
	mSettingObj = msg.Define("project.err.settingObject", `"setting" must be an object {...}, got {0}; fix it in WeChat DevTools before switching 启用数据预拉取`)
	mNoAppID    = msg.Define("project.err.noAppID", `appid is not set; set "appid" in {0} (WeChat DevTools writes it when you import the project) or in {1}`)

	// Reading the files.
	mDanglingLink  = msg.Define("project.file.danglingLink", "the file is a symbolic link to {0}, which does not exist; point the link at the file, or delete the link")
	mCannotRead    = msg.Define("project.file.cannotRead", "cannot read the file ({0}); check that it is a readable file")
	mCannotReadDir = msg.Define("project.file.cannotReadFolder", "cannot read the file ({0}); check that it is a readable file, not a folder")
	mTooLarge      = msg.Define("project.file.tooLarge", "the file is larger than {0} bytes, far too large for a configuration file; check that it is the right file")
	mNotRegular    = msg.Define("project.file.notRegular", "it is {0}{1}, not a regular file; BgFetch reads its configuration only from regular files: replace it with a JSON file (a symbolic link to one is fine), or remove it")
	mIsFolder      = msg.Define("project.file.folder", "a folder")
	mIsPipe        = msg.Define("project.file.pipe", "a named pipe (FIFO)")
	mIsCharDev     = msg.Define("project.file.charDevice", "a character device")
	mIsBlockDev    = msg.Define("project.file.blockDevice", "a block device")
	mIsSocket      = msg.Define("project.file.socket", "a socket")
	mIsType        = msg.Define("project.file.type", "of type {0}")
	mThroughLink   = msg.Define("project.file.throughLink", " (through the symbolic link, {0})")

	// JSON syntax.
	mEmpty          = msg.Define("project.err.empty", "{0} (an editor may be in the middle of saving it); write a JSON object such as {} into it, or delete it")
	mEmptyFile      = msg.Define("project.empty.file", "the file is empty")
	mBlankFile      = msg.Define("project.empty.blank", "the file holds only white space")
	mInvalidJSON    = msg.Define("project.err.json", "invalid JSON: {0}; fix the file's syntax")
	mIncompleteJSON = msg.Define("project.err.jsonIncomplete", `invalid JSON: the file ends before the JSON is complete ({0}); it may be half-written, or a closing }, ] or " is missing`)
	mSyntax         = msg.Define("project.err.syntax", "invalid JSON: {0} ({1}); {2}")
	mNotUTF8        = msg.Define("project.err.notUTF8", `{0} holds a byte that is not UTF-8 ({1} at byte offset {2} of the file); JSON files must be saved as UTF-8: re-save the file as UTF-8 in your editor (or convert it, e.g. iconv -f GBK -t UTF-8), or write the character as a \u escape`)
	mSurrogate      = msg.Define("project.err.surrogate", `{0} holds {1}, half of a UTF-16 surrogate pair, at byte offset {2} of the file; it would be replaced by U+FFFD: write the whole pair (like \ud83d\ude00) or the character itself`)
	mTopValue       = msg.Define("project.name.topValue", "the top-level value")
	mTopKey         = msg.Define("project.name.topKey", "a top-level key")
	mKeyIn          = msg.Define("project.name.keyIn", "a key in {0}")

	// Alipay's preload.json.
	mPreloadBig       = msg.Define("project.preload.tooBig", "the file is {0} bytes; Alipay accepts a {1} of at most {2} bytes, so it would be ignored; make it {3} bytes shorter (for example move constant request data to the server)")
	mPreloadDup       = msg.Define("project.preload.dupFetchType", "entry {0} has fetchType {1}{2} like entry [{3}]; keep one entry per fetchType")
	mPreloadDefault   = msg.Define("project.preload.defaultFetchType", ` (the default when "fetchType" is left out)`)
	mPreloadNoParams  = msg.Define("project.preload.noParams", `entry {0} has no "params"; add "params": {"url": "https://..."}`)
	mPreloadData      = msg.Define("project.preload.data", "{0} could not be decoded: {1}")
	mPreloadJSAPIPre  = msg.Define("project.preload.jsapiForPre", `{0} is only for "fetchType": "jsapiPre"; remove it or change the fetchType{1}`)
	mPreloadIsPre     = msg.Define("project.preload.isPre", ` (an entry without "fetchType" is pre)`)
	mPreloadNeedsURL  = msg.Define("project.preload.needsURL", `entry {0} (fetchType "pre"{1}) needs {2}, the address Alipay requests; add "url": "https://..."`)
	mPreloadIsPreSemi = msg.Define("project.preload.isPreSemi", `; an entry without "fetchType" is pre`)
	mPreloadURLJSAPI  = msg.Define("project.preload.urlForJSAPI", `{0} must not be set for "fetchType": "jsapiPre" (Alipay calls {1} instead of an address); remove it`)
	mPreloadJSAPI     = msg.Define("project.preload.jsapi", `{0} must be {1} for "fetchType": "jsapiPre" (the only JSAPI Alipay prefetches), got {2}`)
)

// bgfetch.analytics.json and the events editor.
var (
	mNameEmpty          = msg.Define("project.name.empty", "it is empty")
	mNameLong           = msg.Define("project.name.long", "it is {0} characters long; at most {1} are allowed")
	mNameLetter         = msg.Define("project.name.letter", "it must start with a letter")
	mNameChar           = msg.Define("project.name.char", "{0} is not allowed; use letters, digits and _ only")
	mEventID            = msg.Define("project.event.id", "the event ID {0} is not valid: {1}")
	mEventNoName        = msg.Define("project.event.noName", "the event {0} has no name; give it a name people will recognise, such as 购买")
	mEventNameLong      = msg.Define("project.event.nameLong", "the name is {0} characters long; at most {1} are allowed")
	mEventReportType    = msg.Define("project.event.reportType", "the report type must be {0} (一次性上报) or {1} (分步骤上报), got {2}")
	mEventFields        = msg.Define("project.event.fields", "the event has {0} fields; at most {1} are allowed")
	mFieldName          = msg.Define("project.field.name", "the field name {0} is not valid: {1}")
	mFieldTwice         = msg.Define("project.field.twice", "the field {0} is defined twice (fields {1} and {2}); rename or remove one")
	mFieldType          = msg.Define("project.field.type", "the field {0} must have type {1} or {2}, got {3}")
	mEventActions       = msg.Define("project.event.actions", "the event has {0} actions; at most {1} are allowed")
	mActionTrigger      = msg.Define("project.action.trigger", "action {0} has the trigger {1}; use one of {2}{3}")
	mActionPage         = msg.Define("project.action.page", "action {0} ({1}) needs the page it fires on, such as pages/index/index")
	mActionPageLong     = msg.Define("project.action.pageLong", "action {0}'s page is {1} characters long; at most {2} are allowed")
	mActionSelectorLong = msg.Define("project.action.selectorLong", "action {0}'s selector is {1} characters long; at most {2} are allowed")
	mActionNoData       = msg.Define("project.action.noData", "action {0} reports no field; say where at least one field's value comes from")
	mDataNoField        = msg.Define("project.data.noField", "action {0} reports {1}, which is not a field of the event; add the field or fix the name{2}")
	mDataTwice          = msg.Define("project.data.twice", "action {0} reports {1} twice")
	mDataNoSource       = msg.Define("project.data.noSource", "action {0} does not say where {1} comes from; write a page data path such as goods.price, or a constant")
	mDataSourceLong     = msg.Define("project.data.sourceLong", "action {0}'s source of {1} is {2} characters long; at most {3} are allowed")
	mActionNotAll       = msg.Define("project.action.notAll", "action {0} reports {1} but not {2}; an event reported at once (一次性上报) reports every field in each action, or switch it to step by step (分步骤上报)")
	mStepsMissing       = msg.Define("project.event.stepsMissing", "no action reports {0}; every field must be reported by some step")
	mTooManyEvents      = msg.Define("project.events.tooMany", "there are {0} events; at most {1} are allowed")
	mEventIDTwice       = msg.Define("project.events.idTwice", "the event ID {0} is used twice (events {1} and {2}); event IDs must be unique")
	// MEventIDTaken is the error of saving an event under an ID another event of the app has ({0}: the ID, quoted).
	MEventIDTaken = msg.Define("project.events.idTaken", "another event already has the ID {0}; event IDs must be unique")
)

// syntaxCases are what encoding/json's syntax errors mean and what to do about each, by syntaxError's case.
var (
	sxComma        = [2]msg.Def{msg.Define("project.syntax.comma", "expected a comma or } after the value"), msg.Define("project.syntax.comma.todo", "put a comma between two entries, or close the object with }")}
	sxColon        = [2]msg.Def{msg.Define("project.syntax.colon", "expected a colon after the key"), msg.Define("project.syntax.colon.todo", `write each entry as "key": value`)}
	sxTrailObj     = [2]msg.Def{msg.Define("project.syntax.trailingComma", "a comma before }"), msg.Define("project.syntax.trailingComma.todo", "JSON allows no comma after the last entry; remove it")}
	sxComment      = [2]msg.Def{msg.Define("project.syntax.comment", "comments are not allowed in JSON"), msg.Define("project.syntax.comment.todo", `remove the comment (in bgfetch.config.json you can write a "//": "..." entry instead)`)}
	sxKey          = [2]msg.Def{msg.Define("project.syntax.key", "expected a key in double quotes"), msg.Define("project.syntax.key.todo", `keys must be strings in double quotes, like "url"`)}
	sxArrayComma   = [2]msg.Def{msg.Define("project.syntax.arrayComma", "expected a comma or ] after the array element"), msg.Define("project.syntax.arrayComma.todo", "put a comma between two elements, or close the array with ]")}
	sxTrailArr     = [2]msg.Def{msg.Define("project.syntax.trailingCommaArray", "a comma before ]"), msg.Define("project.syntax.trailingCommaArray.todo", "JSON allows no comma after the last element; remove it")}
	sxSingleQuotes = [2]msg.Def{msg.Define("project.syntax.singleQuotes", "strings must be in double quotes"), msg.Define("project.syntax.singleQuotes.todo", `replace the single quotes with double quotes`)}
	sxValue        = [2]msg.Def{msg.Define("project.syntax.value", "expected a value"), msg.Define("project.syntax.value.todo", "a value is a string in double quotes, a number, true, false, null, an object {...} or an array [...]")}
	sxControl      = [2]msg.Def{msg.Define("project.syntax.control", "a control character inside a string"), msg.Define("project.syntax.control.todo", `a string cannot span lines; write a line break as \n and a tab as \t`)}
	sxEscape       = [2]msg.Def{msg.Define("project.syntax.escape", "an invalid escape sequence in a string"), msg.Define("project.syntax.escape.todo", `write a backslash as \\`)}
	sxLiteral      = [2]msg.Def{msg.Define("project.syntax.literal", "a misspelled true, false or null"), msg.Define("project.syntax.literal.todo", "write true, false and null in lower case, without quotes")}
	sxNumber       = [2]msg.Def{msg.Define("project.syntax.number", "an invalid number"), msg.Define("project.syntax.number.todo", "write numbers like 10, -1, 2.5 or 1e3, without leading zeros or a trailing dot")}
	sxAfter        = [2]msg.Def{msg.Define("project.syntax.after", "text after the end of the JSON value"), msg.Define("project.syntax.after.todo", "the file must hold exactly one JSON value; remove what follows its closing bracket")}
	sxOther        = [2]msg.Def{msg.Define("project.syntax.other", "a syntax error"), msg.Define("project.syntax.other.todo", "fix the JSON syntax at this position")}
)

// q quotes a key, value or path as %q does.
func q(s string) string { return strconv.Quote(s) }

// orMsg is the allowed values as a message: "weapp", "qq" or "alipay".
func orMsg(vals []string) msg.Msg {
	qs := quoteList(vals)
	if i := strings.LastIndex(qs, ", "); i >= 0 {
		return mOr.With(qs[:i], qs[i+2:])
	}
	return mText.With(qs)
}

// cfgErr is a *ConfigError about the whole file name, saying m.
func cfgErr(name string, m msg.Msg, err error) *ConfigError {
	return &ConfigError{File: name, Msg: m.English(), M: m, Err: err}
}
