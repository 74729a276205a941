import sys

from gxparse.cli import main

sys.exit(main())
