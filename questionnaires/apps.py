from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    # The staff tool for editing questionnaires; the questionnaires themselves (models, answer
    # kinds, validation) belong to signifiers.
    name = "questionnaires"
    verbose_name = "Vragenlijsten bewerken"
