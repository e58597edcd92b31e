def handle(command):
    match command.split():
        case [action]:
            return action
        case [action, obj] if obj != "x":
            return action, obj
        case {"x": 1, **rest}:
            return rest
        case Point(x=0, y=0) | Point(x=1):
            return "origin"
        case _:
            return None


match = 1  # soft keyword as a name
case = match
