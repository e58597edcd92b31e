name = "world"
width = 10
print(f"hello {name!r:>{width}}")
print(f"{'nested' + f'{name}'}")
print(F"""multi
{name}
line""", rf"\d{width}")
print(f"{{literal braces}} {name=}")
