from django import template

register = template.Library()


@register.filter
def number_url(number, base_query):
    """The case list showing exactly the cases behind a dashboard number."""
    return number.url(base_query or {})
