from articles.editorial.workflow import unpublish_article
from articles.management.commands._workflow_command import WorkflowCommand


class Command(WorkflowCommand):
    doing = "unpublishes"
    help = "Take a published or scheduled update off the site; it returns to approved."

    def transition(self, article, *, by, comment="", **options):
        return unpublish_article(article, by=by, comment=comment)

    def done_message(self, change):
        return f"Unpublished “{change.article}”; it is approved again."
