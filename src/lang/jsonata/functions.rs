//! Catalogue of the JSONata functions available in Step Functions: the JSONata
//! built-ins plus the Step Functions additions, for completion, hover and arity checks.

/// A function callable as `$name(…)` in a Step Functions JSONata expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonataFunction {
    /// The name without `$`.
    pub name: &'static str,
    /// A readable signature; optional parameters are in brackets.
    pub signature: &'static str,
    /// One line about what it does.
    pub doc: &'static str,
    /// The fewest arguments a call may pass. Functions whose first parameter defaults to
    /// the context value (`$uppercase()`) count that parameter as optional.
    pub min_args: usize,
    /// The most arguments a call may pass (`None`: no limit).
    pub max_args: Option<usize>,
}

/// The function called `name` (without `$`), if there is one.
pub fn function(name: &str) -> Option<&'static JsonataFunction> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

const fn f(
    name: &'static str,
    signature: &'static str,
    min_args: usize,
    max_args: usize,
    doc: &'static str,
) -> JsonataFunction {
    JsonataFunction {
        name,
        signature,
        doc,
        min_args,
        max_args: Some(max_args),
    }
}

/// Every function, JSONata's first and then the Step Functions additions.
pub const FUNCTIONS: &[JsonataFunction] = &[
    // Strings
    f("string", "$string(value[, prettify])", 0, 2, "Converts a value to a string; objects and arrays become JSON text, indented when prettify is true."),
    f("length", "$length(str)", 0, 1, "Returns the number of characters in a string."),
    f("substring", "$substring(str, start[, length])", 1, 3, "Returns the part of a string from a zero-based start position (negative counts from the end), optionally limited to length characters."),
    f("substringBefore", "$substringBefore(str, chars)", 1, 2, "Returns the part of a string before the first occurrence of chars, or the whole string if chars is absent."),
    f("substringAfter", "$substringAfter(str, chars)", 1, 2, "Returns the part of a string after the first occurrence of chars, or the whole string if chars is absent."),
    f("uppercase", "$uppercase(str)", 0, 1, "Returns a string with every character in upper case."),
    f("lowercase", "$lowercase(str)", 0, 1, "Returns a string with every character in lower case."),
    f("trim", "$trim(str)", 0, 1, "Collapses runs of whitespace to single spaces and strips leading and trailing whitespace."),
    f("pad", "$pad(str, width[, char])", 1, 3, "Pads a string to at least |width| characters with char (default space): on the right if width is positive, on the left if negative."),
    f("contains", "$contains(str, pattern)", 1, 2, "Tells whether a string contains a substring or matches a regular expression."),
    f("split", "$split(str, separator[, limit])", 1, 3, "Splits a string into an array at each separator (a string or regular expression), keeping at most limit parts."),
    f("join", "$join(array[, separator])", 1, 2, "Concatenates an array of strings into one string, with an optional separator between them."),
    f("match", "$match(str, pattern[, limit])", 1, 3, "Applies a regular expression to a string and returns an object (match, index, groups) for each match, at most limit of them."),
    f("replace", "$replace(str, pattern, replacement[, limit])", 2, 4, "Replaces occurrences of a substring or regular expression match with a string or the result of a function, at most limit times."),
    f("base64encode", "$base64encode(str)", 0, 1, "Encodes a string in Base64 (from its UTF-8 bytes)."),
    f("base64decode", "$base64decode(str)", 0, 1, "Decodes a Base64 string back to text (as UTF-8)."),
    f("encodeUrlComponent", "$encodeUrlComponent(str)", 0, 1, "Percent-encodes a string for use as one component of a URL (such as a query parameter value)."),
    f("encodeUrl", "$encodeUrl(str)", 0, 1, "Percent-encodes a whole URL, leaving characters that have a meaning in URLs as they are."),
    f("decodeUrlComponent", "$decodeUrlComponent(str)", 0, 1, "Reverses $encodeUrlComponent: decodes the percent-escapes of a URL component."),
    f("decodeUrl", "$decodeUrl(str)", 0, 1, "Reverses $encodeUrl: decodes the percent-escapes of a whole URL."),
    // Numbers
    f("number", "$number(value)", 0, 1, "Converts a string (decimal, or 0x/0o/0b prefixed) or boolean to a number; numbers are returned as they are."),
    f("abs", "$abs(number)", 0, 1, "Returns the absolute value of a number."),
    f("floor", "$floor(number)", 0, 1, "Rounds a number down to the nearest integer."),
    f("ceil", "$ceil(number)", 0, 1, "Rounds a number up to the nearest integer."),
    f("round", "$round(number[, precision])", 0, 2, "Rounds a number to precision decimal places (default 0), halves to the nearest even digit."),
    f("power", "$power(base, exponent)", 1, 2, "Raises base to the power exponent."),
    f("sqrt", "$sqrt(number)", 0, 1, "Returns the square root of a non-negative number."),
    f("formatNumber", "$formatNumber(number, picture[, options])", 1, 3, "Formats a number as a string following an XPath-style decimal picture such as '#,##0.00'."),
    f("formatBase", "$formatBase(number[, radix])", 0, 2, "Writes a number as a string in the given radix (2 to 36, default 10)."),
    f("formatInteger", "$formatInteger(number, picture)", 1, 2, "Formats an integer as a string following an XPath-style picture, e.g. '000', 'w' for words or 'I' for Roman numerals."),
    f("parseInteger", "$parseInteger(str, picture)", 1, 2, "Reads an integer from a string written according to an XPath-style picture; the inverse of $formatInteger."),
    // Aggregation
    f("sum", "$sum(array)", 1, 1, "Adds up an array of numbers."),
    f("max", "$max(array)", 1, 1, "Returns the largest number in an array."),
    f("min", "$min(array)", 1, 1, "Returns the smallest number in an array."),
    f("average", "$average(array)", 1, 1, "Returns the mean of an array of numbers."),
    // Booleans
    f("boolean", "$boolean(value)", 0, 1, "Converts a value to a boolean by JSONata's truthiness rules (empty strings, zero, empty arrays and objects are false)."),
    f("not", "$not(value)", 0, 1, "Returns the boolean negation of a value, after converting it with $boolean."),
    f("exists", "$exists(value)", 1, 1, "Tells whether an expression yields a value (true) or nothing (false)."),
    // Arrays
    f("count", "$count(array)", 1, 1, "Returns the number of items in an array (1 for a single value, 0 for nothing)."),
    f("append", "$append(array1, array2)", 2, 2, "Returns one array made of the items of the first followed by those of the second."),
    f("sort", "$sort(array[, before])", 1, 2, "Returns an array sorted in ascending order, or by a function($l, $r) that returns true when $l should come after $r."),
    f("reverse", "$reverse(array)", 1, 1, "Returns an array with its items in reverse order."),
    f("shuffle", "$shuffle(array)", 1, 1, "Returns an array with its items in random order."),
    f("distinct", "$distinct(array)", 1, 1, "Returns an array without duplicate values."),
    JsonataFunction {
        max_args: None,
        ..f("zip", "$zip(array1, ...)", 1, 1, "Interleaves arrays: the i-th result is an array of the i-th items of each input, as long as the shortest input.")
    },
    // Objects
    f("keys", "$keys(object)", 0, 1, "Returns the keys of an object, or the distinct keys of an array of objects."),
    f("lookup", "$lookup(object, key)", 1, 2, "Returns the value stored under key in an object (or in each object of an array)."),
    f("spread", "$spread(object)", 0, 1, "Splits an object into an array of single-key objects, one per key."),
    f("merge", "$merge(array)", 1, 1, "Merges an array of objects into one object; later keys override earlier ones."),
    f("each", "$each(object, function)", 1, 2, "Calls function($value, $key) for each key of an object and returns the array of results."),
    f("sift", "$sift(object, function)", 0, 2, "Returns an object with only the key/value pairs for which function($value, $key) is true."),
    f("error", "$error([message])", 0, 1, "Stops evaluation with an error carrying the message."),
    f("assert", "$assert(condition, message)", 1, 2, "Stops evaluation with the message as error when the condition is false."),
    f("type", "$type(value)", 1, 1, "Returns the type of a value: 'null', 'number', 'string', 'boolean', 'array', 'object' or 'function'."),
    // Dates and times
    f("now", "$now([picture[, timezone]])", 0, 2, "Returns the evaluation's timestamp as an ISO 8601 string, or formatted with a picture and timezone."),
    f("millis", "$millis()", 0, 0, "Returns the evaluation's timestamp as milliseconds since the Unix epoch."),
    f("fromMillis", "$fromMillis(number[, picture[, timezone]])", 0, 3, "Converts milliseconds since the Unix epoch to an ISO 8601 timestamp, or formats it with a picture and timezone."),
    f("toMillis", "$toMillis(timestamp[, picture])", 0, 2, "Converts an ISO 8601 timestamp (or one matching a picture) to milliseconds since the Unix epoch."),
    // Higher-order functions
    f("map", "$map(array, function)", 2, 2, "Calls function($value, $index, $array) on each item of an array and returns the array of results."),
    f("filter", "$filter(array, function)", 2, 2, "Returns the items of an array for which function($value, $index, $array) is true."),
    f("single", "$single(array[, function])", 1, 2, "Returns the one item of an array that satisfies function; an error if none or several do."),
    f("reduce", "$reduce(array, function[, init])", 2, 3, "Folds an array into one value by calling function($accumulator, $value) from left to right, starting with init if given."),
    // Step Functions additions
    f("partition", "$partition(array, size)", 2, 2, "Step Functions: splits an array into chunks of size items (the last may be shorter)."),
    f("range", "$range(start, end, step)", 3, 3, "Step Functions: returns the numbers from start towards end (inclusive) in increments of step, which may be negative."),
    f("hash", "$hash(data, algorithm)", 2, 2, "Step Functions: returns the hex digest of data with MD5, SHA-1, SHA-256, SHA-384 or SHA-512."),
    f("random", "$random([seed])", 0, 1, "Step Functions: returns a random number n with 0 <= n < 1, reproducible when an integer seed is given."),
    f("uuid", "$uuid()", 0, 0, "Step Functions: returns a new version 4 UUID string."),
    f("parse", "$parse(jsonString)", 1, 1, "Step Functions: parses a JSON string into a value (use it instead of $eval, which is not supported)."),
];
