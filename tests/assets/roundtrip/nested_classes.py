class Outer:
    class Inner:
        class Innermost:
            x = 1

        def method(self) -> "Outer.Inner.Innermost":
            return Outer.Inner.Innermost()

    attr: "Outer.Inner"


x = Outer.Inner.Innermost.x
