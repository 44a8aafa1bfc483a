/// The catalogue in Chinese, the language gongshi speaks unless told otherwise.
enum ChineseMessages {}
