from xtgen.app.cli import main

main()
