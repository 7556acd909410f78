print("bailanys")
