package tickets

import "slices"

// Status is where a ticket stands (O5).
type Status string

// The statuses of a ticket.
const (
	StatusNew        Status = "new"
	StatusInProgress Status = "in_progress"
	StatusAssigned   Status = "assigned"
	StatusAnswered   Status = "answered"
	StatusClosed     Status = "closed"
)

// Statuses lists the statuses in their usual order.
var Statuses = []Status{StatusNew, StatusInProgress, StatusAssigned, StatusAnswered, StatusClosed}

// transitions are the changes that make sense; anything else is refused.
// Reopening a closed ticket is its own action, so closed leads nowhere here.
var transitions = map[Status][]Status{
	StatusNew:        {StatusInProgress, StatusAssigned, StatusAnswered, StatusClosed},
	StatusInProgress: {StatusAssigned, StatusAnswered, StatusClosed},
	StatusAssigned:   {StatusInProgress, StatusAnswered, StatusClosed},
	StatusAnswered:   {StatusInProgress, StatusClosed},
}

// CanBecome says whether a ticket in status s may move to next.
func (s Status) CanBecome(next Status) bool {
	return slices.Contains(transitions[s], next)
}
