"""The writing aids: British English spell checking, the team dictionaries and the quality
prompts on a visit record's narrative. No Qt here: the form underlines what these find."""
