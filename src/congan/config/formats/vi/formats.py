"""Vietnamese formats where Django's own (django/conf/locale/vi/formats.py) fall short: it names a
thousand separator but no grouping, so 1234567 would read "1234567", and its short dates are
"d-m-Y" where documents and people write "d/m/Y". Attributes not set here are Django's."""

THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
