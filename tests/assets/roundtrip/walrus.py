import re

if (m := re.match(r"(\d+)", "42")) is not None:
    print(m.group(1))

data = [y for x in range(10) if (y := x * 2) > 4]
while (chunk := input()) != "":
    pass
