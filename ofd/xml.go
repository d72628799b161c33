package ofd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The parts of GB/T 33190 this package reads. Tags carry no namespace: the
// decoder matches local names, and vendors disagree on prefixes.

type ofdRoot struct {
	DocBodies []struct {
		DocRoot    string `xml:"DocRoot"`
		Signatures string `xml:"Signatures"`
	} `xml:"DocBody"`
}

type documentXML struct {
	Permissions struct {
		Signature string `xml:"Signature"`
	} `xml:"Permissions"`
	CommonData struct {
		PageArea pageArea `xml:"PageArea"`
	} `xml:"CommonData"`
	Pages struct {
		Page []struct {
			ID      string `xml:"ID,attr"`
			BaseLoc string `xml:"BaseLoc,attr"`
		} `xml:"Page"`
	} `xml:"Pages"`
}

type pageArea struct {
	PhysicalBox string `xml:"PhysicalBox"`
}

type signaturesXML struct {
	MaxSignID  string `xml:"MaxSignId"`
	Signatures []struct {
		ID      string `xml:"ID,attr"`
		Type    string `xml:"Type,attr"`
		BaseLoc string `xml:"BaseLoc,attr"`
	} `xml:"Signature"`
}

type signatureXML struct {
	SignedInfo struct {
		Provider struct {
			NameAttr string `xml:"ProviderName,attr"`
			Name     string `xml:"ProviderName"`
		} `xml:"Provider"`
		SignatureMethod   string `xml:"SignatureMethod"`
		SignatureDateTime string `xml:"SignatureDateTime"`
		References        struct {
			CheckMethod string `xml:"CheckMethod,attr"`
			Reference   []struct {
				FileRef    string `xml:"FileRef,attr"`
				CheckValue string `xml:"CheckValue"`
			} `xml:"Reference"`
		} `xml:"References"`
		StampAnnots []struct {
			ID       string `xml:"ID,attr"`
			PageRef  string `xml:"PageRef,attr"`
			Boundary string `xml:"Boundary,attr"`
		} `xml:"StampAnnot"`
		Seal struct {
			BaseLoc string `xml:"BaseLoc"`
		} `xml:"Seal"`
	} `xml:"SignedInfo"`
	SignedValue string `xml:"SignedValue"`
}

// decodeXML reads the part named name into v. A DOCTYPE (and with it any
// entity declaration) is refused: OFD has no use for one, and refusing it
// ends billion-laughs and external-entity attacks before they start.
// encoding/xml would not expand such entities anyway; the refusal makes the
// answer a clear error instead of a half-read part.
func decodeXML(name string, b []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return partErr(name, ErrXML, "no root element")
		}
		if err != nil {
			return partErr(name, ErrXML, "%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return partErr(name, ErrXML, "a DOCTYPE or other declaration is not allowed in OFD")
		case xml.StartElement:
			if err := d.DecodeElement(v, &t); err != nil {
				return partErr(name, ErrXML, "%v", err)
			}
			return nil
		}
	}
}

// charsetReader accepts the encodings Chinese producers declare besides UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "":
		return in, nil
	case "gbk", "gb2312", "gb18030", "cp936":
		return simplifiedchinese.GB18030.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// parseBox reads an ST_Box "x y w h" in millimetres.
func parseBox(s string) ([4]float64, bool) {
	var box [4]float64
	f := strings.Fields(s)
	if len(f) != 4 {
		return box, false
	}
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return box, false
		}
		box[i] = v
	}
	return box, true
}
