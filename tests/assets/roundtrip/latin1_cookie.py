# -*- coding: latin-1 -*-
"""Café module."""

NAME = 'crème brûlée'
