from petitions.models.petition import (
    Petition,
    Petitioner,
    PetitionPetitioner,
    ReceptionDay,
)

__all__ = ["Petition", "PetitionPetitioner", "Petitioner", "ReceptionDay"]
