import BailanysCommands

Bailanys.main()
