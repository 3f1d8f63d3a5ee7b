# Terraform: a state machine whose definition is a heredoc is checked in
# place; ${...} interpolations stand for the values Terraform fills in.
resource "aws_lambda_function" "charge" {
  function_name = "charge"
  role          = aws_iam_role.lambda.arn
  handler       = "charge.handler"
  runtime       = "python3.12"
  filename      = "charge.zip"
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = aws_iam_role.sfn.arn

  definition = <<-EOF
    {
      "StartAt": "Charge",
      "States": {
        "Charge": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {
            "FunctionName": "${aws_lambda_function.charge.arn}",
            "Payload.$": "$"
          },
          "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
          "Next": "Done"
        },
        "Done": {"Type": "Succeed"}
      }
    }
  EOF
}
