from uprreport.entry import main

main()
