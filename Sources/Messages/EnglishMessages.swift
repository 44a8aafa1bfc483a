/// The catalogue in English, for `--lang en` and an English locale; also the language of the tests and logs.
enum EnglishMessages {}
