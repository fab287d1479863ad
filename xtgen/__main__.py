from xtgen.app.fast import main

main()
