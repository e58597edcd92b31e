# a BOM file
import sys

name = 'héllo'
print(name, sys.argv)
