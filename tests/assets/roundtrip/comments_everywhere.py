#!/usr/bin/env python
# a header comment

"""Module docstring."""  # after docstring

# before import
import os  # after import
# between
from sys import (  # in parens
    argv,  # first
    # alone
    path,
)  # after paren


def f(  # after paren
    a,  # arg
    # own line
    b=1,
):  # after colon
    # in body
    return a  # after return
    # trailing in body


# at end
