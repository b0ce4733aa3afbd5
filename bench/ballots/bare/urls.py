import json

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def ballot(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare_ballot (code, question, choice) VALUES (%s, %s, %s) RETURNING id",
            [body["code"], body["question"], json.dumps(body["choice"])],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"status": "created", "answer": row_id}, status=201)


urlpatterns = [path("api/v1/ballots", ballot)]
