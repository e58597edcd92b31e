total = 1 + \
    2 + \
        3

if total \
        and True:
    x = [
        1,
        2,
    ]

y = (1,
     2)   ;   z = 3
