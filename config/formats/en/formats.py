# English dates as the rest of the product writes them: day before month, 24-hour
# times (Django's English default, "12/02/2026 8:50 a.m.", gave the English UI two
# date orders beside the promise's "02/12 09:44", and "a.m.." at a sentence's end).
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
