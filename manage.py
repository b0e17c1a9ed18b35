#!/usr/bin/env python
from hawl.cli import main

if __name__ == "__main__":
    main()
