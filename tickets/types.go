package tickets

import (
	"errors"
	"slices"

	"contactd/internal/insz"
)

// Portal is the citizen portal a request is about.
type Portal string

// The two portals of the contact centre.
const (
	PortalMyPension Portal = "mypension"
	PortalMyCareer  Portal = "mycareer"
)

// Portals lists the portals.
var Portals = []Portal{PortalMyPension, PortalMyCareer}

// Channel is how a contact reached the centre (O1).
type Channel string

// The channels of O1.
const (
	ChannelPortalForm Channel = "portal_form"
	ChannelEmail      Channel = "email"
	ChannelPost       Channel = "post"
	ChannelPhone      Channel = "phone"
)

// Channels lists the channels.
var Channels = []Channel{ChannelPortalForm, ChannelEmail, ChannelPost, ChannelPhone}

// Purpose is what the citizen asks for (O5).
type Purpose string

// The purposes of a request.
const (
	PurposeContentQuestion Purpose = "content_question"
	PurposeErrorReport     Purpose = "error_report"
	PurposeComplaint       Purpose = "complaint"
	PurposeAccessProblem   Purpose = "access_problem"
	PurposeOther           Purpose = "other"
)

// Purposes lists the purposes.
var Purposes = []Purpose{PurposeContentQuestion, PurposeErrorReport, PurposeComplaint, PurposeAccessProblem, PurposeOther}

// AnswerChannel is how an answer reached the citizen. Personal data go only
// to the eBox, the online dossier or the official postal address — never by
// phone (O7, §7).
type AnswerChannel string

// The answer channels.
const (
	AnswerEbox          AnswerChannel = "ebox"
	AnswerOnlineDossier AnswerChannel = "online_dossier"
	AnswerPost          AnswerChannel = "post"
	AnswerPhone         AnswerChannel = "phone"
)

// AnswerChannels lists the answer channels.
var AnswerChannels = []AnswerChannel{AnswerEbox, AnswerOnlineDossier, AnswerPost, AnswerPhone}

func oneOf[T ~string](v T, list []T, field string) error {
	if !slices.Contains(list, v) {
		return &ValidationError{Field: field, Message: "choose one of the listed values", Code: "choose_listed"}
	}
	return nil
}

// InvalidNumber turns a national-number parse error into the validation
// error of the insz field, keeping which kind of mistake it was so that
// pages can say it in the agent's language.
func InvalidNumber(err error) *ValidationError {
	code := "insz_invalid"
	for kind, name := range map[error]string{insz.ErrEmpty: "insz_empty", insz.ErrCharacters: "insz_characters",
		insz.ErrLength: "insz_length", insz.ErrChecksum: "insz_checksum", insz.ErrDate: "insz_date", insz.ErrSequence: "insz_sequence"} {
		if errors.Is(err, kind) {
			code = name
		}
	}
	return &ValidationError{Field: "insz", Message: err.Error(), Code: code}
}
